// Warns an officer before their session ends for want of use, and lets them stay
// signed in (WCAG 2.2.1 Timing Adjustable). The dialog is in the page
// (templates/admin/_session_timeout.html); admin/timeout.py answers how long is left.
//
// - The warning opens `data-warning-seconds` before the end, moves focus to its
//   heading, and says the time the session will end in the page's language.
// - "Stay signed in" (or Escape) tells the server the officer is still here.
// - Typing in the page counts as using the service: someone writing a long note is
//   not idle, so when the warning is due and they have typed since, it tells the
//   server they are still here instead, and their words are not lost.
// - Before it warns or signs out it asks the server how long is left, so another
//   tab in use keeps this one signed in too.
// - When the time has run out it signs out and shows the sign-in page, which
//   says why.

function formatTime(lang, when) {
  try {
    return new Intl.DateTimeFormat(lang || undefined, { hour: 'numeric', minute: '2-digit' }).format(when)
  } catch (error) {
    return when.toTimeString().slice(0, 5)
  }
}

function setUp(dialog, doc) {
  const win = doc.defaultView
  const statusUrl = dialog.getAttribute('data-status-url')
  const signInUrl = dialog.getAttribute('data-sign-in-url')
  const timedOutUrl = dialog.getAttribute('data-timed-out-url')
  const csrfToken = dialog.getAttribute('data-csrf-token')
  const warning = Number(dialog.getAttribute('data-warning-seconds')) * 1000
  const heading = dialog.querySelector('h2')
  const stay = dialog.querySelector('[data-session-stay]')
  const signOut = dialog.querySelector('[data-session-sign-out]')
  const lang = doc.documentElement.lang

  let endsAt = Date.now() + Number(dialog.getAttribute('data-seconds-left')) * 1000
  let typed = false
  let timer = null
  let returnFocus = null

  function goToSignIn() {
    win.location.assign(signInUrl)
  }

  async function ask(method) {
    // Not following a redirect: the sign-in page it leads to would take the message
    // that says why, and the officer would not see it.
    const response = await win.fetch(statusUrl, {
      method,
      credentials: 'same-origin',
      redirect: 'manual',
      headers: { Accept: 'application/json', 'X-CSRFToken': csrfToken }
    })
    const type = response.headers.get('Content-Type') || ''
    if (response.type === 'opaqueredirect' || !response.ok || !type.includes('application/json')) {
      goToSignIn() // already signed out (another tab, or the server ended it)
      return null
    }
    const answer = await response.json()
    endsAt = Date.now() + answer.seconds_left * 1000
    return answer
  }

  function wait(until, then) {
    win.clearTimeout(timer)
    timer = win.setTimeout(then, Math.max(0, until - Date.now()))
  }

  function open(answer) {
    dialog.querySelectorAll('[data-session-end]').forEach((element) => {
      element.textContent = formatTime(lang, new Date(endsAt))
    })
    dialog.querySelector('[data-session-when="idle"]').hidden = !answer.can_extend
    dialog.querySelector('[data-session-when="whole"]').hidden = answer.can_extend
    stay.hidden = !answer.can_extend
    if (!dialog.open) {
      returnFocus = doc.activeElement
      dialog.showModal()
      heading.focus()
    }
  }

  function close() {
    if (!dialog.open) return
    dialog.close()
    if (returnFocus && typeof returnFocus.focus === 'function') returnFocus.focus()
  }

  async function check() {
    const answer = await ask('GET').catch(() => null)
    if (answer === null) return schedule(Date.now() + 5000) // offline for a moment: ask again
    if (answer.seconds_left <= 0) return end()
    if (endsAt - Date.now() > warning) {
      close()
      return schedule(endsAt - warning)
    }
    if (typed && answer.can_extend && !dialog.open) return stillHere()
    open(answer)
    schedule(endsAt)
  }

  function schedule(at) {
    wait(at, check)
  }

  function end() {
    win.clearTimeout(timer)
    signOut.setAttribute('action', timedOutUrl)
    signOut.submit()
  }

  async function stillHere() {
    typed = false
    const answer = await ask('POST').catch(() => null)
    if (answer === null) return
    if (answer.can_extend) close()
    schedule(endsAt - warning)
  }

  stay.addEventListener('click', stillHere)
  dialog.addEventListener('cancel', (event) => {
    // Escape: the same as "Stay signed in" (closing must not leave a stale warning).
    event.preventDefault()
    if (!stay.hidden) stillHere()
  })
  doc.addEventListener('input', () => {
    typed = true
  })

  schedule(endsAt - warning)
}

export function initSessionTimeout(doc) {
  const dialog = doc.querySelector('dialog[data-module="app-session-timeout"]')
  if (!dialog || typeof dialog.showModal !== 'function') return
  if (dialog.hasAttribute('data-session-timeout-init')) return
  dialog.setAttribute('data-session-timeout-init', '')
  setUp(dialog, doc)
}
