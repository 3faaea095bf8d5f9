"""Business operations, one module per area: each takes a Session first and never touches Flask."""
