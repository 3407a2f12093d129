// Small behaviours without inline script (Content-Security-Policy: script-src 'self').
// <button data-print> prints the page; <form data-confirm="…"> asks before it is sent.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    event.preventDefault();
    window.print();
  }
});
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
