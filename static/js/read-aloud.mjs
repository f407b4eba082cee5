// Read aloud: reads the page's main content with the browser's own speech
// synthesis (window.speechSynthesis). Nothing is sent to another service.
//
//   <button type="button" class="govuk-button govuk-button--secondary"
//     data-module="read-aloud" data-read-aloud-stop-text="Stop reading" hidden>
//     Read this page aloud
//   </button>
//
// Reads #main-content, or the element whose id is in
// `data-read-aloud-target`, in the language of that element (its nearest
// `lang`, normally <html lang>). The button stays hidden in browsers that
// cannot speak. Pressing it again stops the reading.

const MAX_CHUNK = 200 // some browsers stop long utterances part way through

// One piece per line (headings, paragraphs, list items), so the voice
// pauses between them. Long lines are split after sentence ends followed by
// a space (email addresses and numbers stay whole), packed up to MAX_CHUNK.
function chunks(text) {
  const pieces = []
  for (const line of text.split(/\n+/)) {
    const sentences = line.replace(/([.!?\u061f\u3002]+)\s+/g, '$1\n').split('\n')
    let current = ''
    for (const sentence of sentences) {
      if (current && current.length + sentence.length > MAX_CHUNK) {
        pieces.push(current)
        current = ''
      }
      current += (current ? ' ' : '') + sentence.trim()
    }
    pieces.push(current)
  }
  return pieces.map((piece) => piece.trim()).filter(Boolean)
}

function setUp(button, synth) {
  if (button.hasAttribute('data-read-aloud-init')) return
  button.setAttribute('data-read-aloud-init', '')

  const targetId = button.getAttribute('data-read-aloud-target') || 'main-content'
  const startText = button.textContent.trim()
  const stopText = button.getAttribute('data-read-aloud-stop-text') || 'Stop reading'
  let reading = false
  let run = 0 // ignores events from readings that were stopped

  const show = (isReading) => {
    reading = isReading
    button.textContent = isReading ? stopText : startText
  }

  button.addEventListener('click', () => {
    run++
    synth.cancel()
    if (reading) {
      show(false)
      return
    }

    const target = document.getElementById(targetId)
    if (!target) return
    const langElement = target.closest('[lang]')
    const lang = (langElement && langElement.getAttribute('lang')) || document.documentElement.lang

    // Leave the button's own label out of what is read.
    button.hidden = true
    const text = target.innerText || target.textContent || ''
    button.hidden = false

    const pieces = chunks(text)
    if (!pieces.length) return

    const thisRun = ++run
    const finish = () => {
      if (thisRun === run) show(false)
    }
    show(true)
    pieces.forEach((piece, index) => {
      const utterance = new window.SpeechSynthesisUtterance(piece)
      if (lang) utterance.lang = lang
      if (index === pieces.length - 1) utterance.addEventListener('end', finish)
      utterance.addEventListener('error', finish)
      synth.speak(utterance)
    })
  })

  button.hidden = false
}

export function initReadAloud(scope = document) {
  const synth = window.speechSynthesis
  if (!synth || typeof window.SpeechSynthesisUtterance !== 'function') return

  const buttons = scope.querySelectorAll('[data-module="read-aloud"]')
  if (!buttons.length) return

  // Stop speaking when the user leaves the page.
  window.addEventListener('pagehide', () => synth.cancel())
  buttons.forEach((button) => setUp(button, synth))
}
