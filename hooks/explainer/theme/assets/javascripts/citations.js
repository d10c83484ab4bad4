// Citation previews, on top of what the stylesheet does without script (open on hover and focus):
// a tap on a touch screen opens the preview instead of jumping to the reference list, Escape closes
// it, and a tap elsewhere closes it. Without this script a tap leads to the reference.
(() => {
  "use strict"
  const touch = window.matchMedia("(hover: none)")
  const close = (cite, returnFocus) => {
    cite.classList.remove("x-open")
    cite.classList.add("x-closed")
    if (returnFocus) cite.querySelector(".x-mark")?.focus()
  }
  document.addEventListener("click", event => {
    const mark = event.target.closest?.(".x-mark")
    for (const open of document.querySelectorAll(".x-cite.x-open")) {
      if (!open.contains(event.target)) close(open, false)
    }
    const go = event.target.closest?.(".x-preview-go")
    if (go) close(go.closest(".x-cite"), false)
    if (!mark || !touch.matches) return
    const cite = mark.parentElement
    if (cite.classList.contains("x-open")) return
    event.preventDefault()
    cite.classList.remove("x-closed")
    cite.classList.add("x-open")
  })
  document.addEventListener("keydown", event => {
    if (event.key !== "Escape") return
    const cite = document.activeElement?.closest?.(".x-cite") || document.querySelector(".x-cite.x-open")
    if (cite) close(cite, true)
  })
  // A preview closed with Escape opens again once the pointer or focus has left it and comes back.
  for (const type of ["mouseleave", "focusout"]) {
    document.addEventListener(type, event => {
      const cite = event.target.closest?.(".x-cite")
      if (cite && !cite.contains(event.relatedTarget)) cite.classList.remove("x-closed", "x-open")
    }, true)
  }
})()
