"""SQL repositories implementing the core's repository ports, one module per seam."""
