// soundings-kiosk: the walk-up kiosk. Everything lives in kiosk_app.cpp; main only hands over.
#include "kiosk/app/kiosk_app.h"

int main(int argc, char** argv) { return soundings::kiosk::app::Main(argc, argv); }
