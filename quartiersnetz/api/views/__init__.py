"""The endpoints of the open-data API, one module each; they read through the apps' selectors."""
