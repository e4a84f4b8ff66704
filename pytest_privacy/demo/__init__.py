"""The bundled demo: a small shop on fake hosts that keeps some promises and breaks one."""
