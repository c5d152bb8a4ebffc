#include "kiosk/sync/backoff.h"

#include <algorithm>

namespace soundings::kiosk {

std::chrono::milliseconds BackoffDelay(int failures, double random01) {
  const int exponent = std::clamp(failures - 1, 0, 30);
  const long long raw = kBackoffBase.count() << std::min(exponent, 20);
  const long long ceiling = std::min<long long>(raw, kBackoffCap.count());
  const double fraction = 0.5 + 0.5 * std::clamp(random01, 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<long long>(static_cast<double>(ceiling) * fraction));
}

}  // namespace soundings::kiosk
