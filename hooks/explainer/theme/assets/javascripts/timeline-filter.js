/*
 * The timeline's filter. The page lists every event; each <li class="x-event"> says in data-
 * attributes what it is matched by (data-year, data-place: one value; data-tags, data-organisation,
 * data-person: values separated by spaces). This script shows the form (hidden without it), hides
 * the events that do not match every choice, and the years left empty, and says in a live region
 * how many events are shown. The choices are kept in the address (?tag=...&year=...), so that a
 * reload, a shared link or the back button brings them back.
 *
 * The words come from the page: data-shown-forms holds "N events shown" in each plural category of
 * the edition's language, from the message catalogue.
 */
"use strict"

;(() => {
  const form = document.getElementById("filters")
  if (!form) return
  const selects = [...form.querySelectorAll("select[name]")]
  const single = new Set(["year", "place"])
  const attribute = { tag: "tags" } // a field's data- attribute, where its name differs
  const events = [...document.querySelectorAll(".x-axis .x-event")]
  const sections = [...document.querySelectorAll(".x-axis .x-year")]
  const bar = [...document.querySelectorAll(".x-years li[data-year]")]
  const status = form.querySelector(".x-filter-status")
  const none = document.querySelector(".x-filter-none")
  const lang = form.dataset.lang || document.documentElement.lang || "en"
  let forms = {}
  try {
    forms = JSON.parse(form.dataset.shownForms || "{}")
  } catch (e) {
    forms = {}
  }
  const plural = new Intl.PluralRules(lang)

  /* Values of an item's attribute, as a set. */
  const values = (item, name) => new Set((item.dataset[attribute[name] || name] || "").split(" ").filter(Boolean))

  const chosen = () => selects.filter((s) => s.value).map((s) => [s.name, s.value])

  const matches = (item, choices) =>
    choices.every(([name, value]) => (single.has(name) ? item.dataset[name] === value : values(item, name).has(value)))

  const shownText = (n) => {
    const text = forms[plural.select(n)] || forms.other || "{n}"
    return text.replace("{n}", n.toLocaleString(lang))
  }

  function apply() {
    const choices = chosen()
    let shown = 0
    for (const item of events) {
      const ok = matches(item, choices)
      item.hidden = !ok
      if (ok) shown += 1
    }
    const years = new Set()
    for (const section of sections) {
      const empty = !section.querySelector(".x-event:not([hidden])")
      section.hidden = empty
      if (!empty) years.add(section.dataset.year)
    }
    for (const li of bar) li.hidden = !years.has(li.dataset.year)
    if (none) none.hidden = shown > 0
    status.textContent = shownText(shown)
  }

  /* The choices from the address; a value that no option has is left out. */
  function restore() {
    const params = new URLSearchParams(window.location.search)
    for (const select of selects) {
      const wanted = params.get(select.name) || ""
      select.value = [...select.options].some((o) => o.value === wanted) ? wanted : ""
    }
  }

  function remember() {
    const params = new URLSearchParams(window.location.search)
    for (const select of selects) {
      if (select.value) params.set(select.name, select.value)
      else params.delete(select.name)
    }
    const query = params.toString()
    const address = window.location.pathname + (query ? `?${query}` : "") + window.location.hash
    window.history.replaceState(null, "", address)
  }

  form.addEventListener("change", () => {
    apply()
    remember()
  })
  form.addEventListener("submit", (event) => event.preventDefault())
  form.addEventListener("reset", (event) => {
    event.preventDefault()
    for (const select of selects) select.value = ""
    apply()
    remember()
    selects[0].focus()
  })
  window.addEventListener("popstate", () => {
    restore()
    apply()
  })

  restore()
  form.hidden = false
  apply()
})()
