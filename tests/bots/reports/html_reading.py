"""The HTML report read back: parsed as XML, so that only well-formed markup reads at all."""

import re
import xml.etree.ElementTree as ET

# Where a page would load something from elsewhere: attributes naming a resource, CSS.
RESOURCE_ATTRIBUTES = ("src", "href", "srcset", "action", "poster", "data", "xlink:href")
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]*)", re.IGNORECASE)


def parse(html: str) -> ET.Element:
    """The document's root element; raises xml.etree.ElementTree.ParseError if malformed."""
    return ET.fromstring(html)


def text(element: ET.Element) -> str:
    return "".join(element.itertext())


def number(shown: str) -> int | None:
    """A figure as `stats --json` has it: "67%" is 67, "–" (no votes) is None."""
    shown = shown.strip()
    return None if shown == "–" else int(shown.removesuffix("%"))


def by_id(root: ET.Element, element_id: str) -> ET.Element:
    found = root.find(f".//*[@id='{element_id}']")
    assert found is not None, f"no element with id {element_id}"
    return found


def figures(scope: ET.Element) -> dict[str, int | None]:
    """The data-figure elements inside `scope`, by name, read as numbers."""
    return {
        element.attrib["data-figure"]: number(text(element))
        for element in scope.iter()
        if "data-figure" in element.attrib and element.attrib["data-figure"] != "phase"
    }


def paragraph_rows(root: ET.Element) -> list[ET.Element]:
    return [e for e in root.iter() if "data-paragraph" in e.attrib]


def remote_references(root: ET.Element) -> list[str]:
    """Every URL in the page that is not a link within it: resource attributes and CSS."""
    found = []
    for element in root.iter():
        for name, value in element.attrib.items():
            if name.split("}")[-1] in RESOURCE_ATTRIBUTES and not value.startswith("#"):
                found.append(value)
            if name in ("style", "fill"):
                found += [url for url in CSS_URL.findall(value) if not url.startswith("#")]
        if element.tag == "style":
            css = text(element)
            found += [url for url in CSS_URL.findall(css) if not url.startswith("#")]
            found += ["@import"] if "@import" in css else []
    return found
