"""Use cases: one async function per thing a person or organiser asks for."""
