#pragma once
// The kiosk tests use the one temporary-folder helper every test folder shares.

#include "tests/support/temp_dir.h"

namespace soundings::kiosk::testing {
using soundings::testing::TempDir;
}  // namespace soundings::kiosk::testing
