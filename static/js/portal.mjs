// Children's services complaints portal: page behaviour.
//
// Bundled by `npm run build` (static/build.mjs) to static/dist/portal.js.
// Only the GOV.UK Frontend components the portal uses are imported, so the
// rest are left out of the bundle.

import {
  Button,
  CharacterCount,
  Checkboxes,
  ErrorSummary,
  ExitThisPage,
  FileUpload,
  NotificationBanner,
  Radios,
  ServiceNavigation,
  SkipLink,
  createAll,
  isSupported
} from 'govuk-frontend'

import { initReadAloud } from './read-aloud.mjs'
import { initSessionTimeout } from './session-timeout.mjs'

// The GOV.UK template adds `govuk-frontend-supported` to <body> in browsers
// that support ES modules. Anywhere else the page works without JavaScript.
if (isSupported()) {
  for (const Component of [
    SkipLink,
    ServiceNavigation,
    ExitThisPage,
    ErrorSummary,
    NotificationBanner,
    Button,
    Radios,
    Checkboxes,
    CharacterCount,
    FileUpload
  ]) {
    createAll(Component)
  }

  initReadAloud(document)
  initSessionTimeout(document)
}
