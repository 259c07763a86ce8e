"""办件 notices (告知书 / 决定书): access rules, the document (HTML and PDF), the PDF and public verification pages."""
