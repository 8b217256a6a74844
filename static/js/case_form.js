// Case form: a suggested ICD-10-CM code button fills its diagnosis field.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-fill]");
  if (!button) return;
  const input = document.getElementById(button.dataset.fill);
  if (!input) return;
  input.value = button.dataset.code;
  input.focus();
});
