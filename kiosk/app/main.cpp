// soundings-kiosk: the walk-up kiosk. kiosk_app.cpp has the main; this file only hands over.
#include "kiosk/app/kiosk_app.h"

int main(int argc, char** argv) { return soundings::kiosk::app::Main(argc, argv); }
