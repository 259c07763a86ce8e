// Site behaviour that templates would otherwise write inline (the CSP allows no inline script).
document.addEventListener("click", function (event) {
  // 返回上一页: the link's href (the home page) is the fallback without history.
  const link = event.target.closest("a[data-history-back]");
  if (link && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});
