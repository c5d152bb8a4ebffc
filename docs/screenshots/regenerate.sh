#!/bin/sh
# Regenerates the kiosk screenshots in this folder with a built soundings-kiosk, under Xvfb.
# Usage: docs/screenshots/regenerate.sh [path/to/soundings-kiosk]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
kiosk=${1:-$root/build/kiosk/soundings-kiosk}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
shot() {
  out=$1
  shift
  xvfb-run -a -s "-screen 0 1280x1280x24" "$kiosk" --screenshot "$here/$out" "$@"
}
shot attract.png
shot attract-pl.png --language pl
shot attract-200.png --text-size 200
shot attract-portrait-200.png --text-size 200 --size 800x1280
shot code-entry.png --screen code
shot code-entry-200.png --screen code --text-size 200
shot confirm.png --screen confirm
shot consent.png --screen consent
for n in 1 2 3 4 5 6 7 8; do shot "consultation-page-$n.png" --screen "question:$n"; done
shot consultation-page-2-200.png --screen question:2 --text-size 200
shot keyboard.png --screen question:3 --typing "The bus to the leisure centre"
shot keyboard-200-portrait.png --screen question:3 --typing "The bus" --text-size 200 --size 800x1280
shot review.png --screen review
shot review-200-portrait.png --screen review --text-size 200 --size 800x1280
shot thank-you.png --screen thanks
shot idle-countdown.png --screen idle
shot high-contrast-200.png --screen question:1 --high-contrast --text-size 200
shot me2e-360-page-2-cy.png --template "$root/templates/me2e-360.json" --screen question:2 --language cy
shot me2e-360-page-3.png --template "$root/templates/me2e-360.json" --screen question:3
shot consultation-pl.png --template "$root/templates/me-my-life-my-community.json" --screen question:4 --language pl
shot self-assessment-page-2.png --template "$root/templates/me2e-self-assessment.json" --screen question:2
shot combined-authority-page-2.png --template "$root/templates/combined-authority-consultation.json" --screen question:2
shot operator-pin.png --screen pin
shot operator.png --screen operator
shot enrolment.png --screen enrolment
