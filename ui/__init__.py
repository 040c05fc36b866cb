"""The shared Streamlit layer: the page frame, sign-in, and cached data access."""
