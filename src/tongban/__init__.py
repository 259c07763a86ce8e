"""通办 Tongban — one-stop government service platform for Chinese districts."""
