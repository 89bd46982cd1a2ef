// Choosing an answer template fills the answer field at once (without JavaScript the
// chooser's button reloads the page with the template filled in). The text stays editable.
document.querySelectorAll("[data-answer-templates]").forEach((form) => {
  const field = document.getElementById(form.dataset.answerTemplates);
  const select = form.querySelector("select");
  if (!field || !select) return;
  form.querySelector("button[type=submit]").hidden = true;
  select.addEventListener("change", () => {
    const option = select.selectedOptions[0];
    if (!option || !option.value) return;
    if (field.value.trim() && field.value !== option.dataset.text
        && !window.confirm(form.dataset.confirm || "")) return;
    field.value = option.dataset.text;
    field.focus();
  });
});
