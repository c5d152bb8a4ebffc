#pragma once
// Retry delays for the sync worker: exponential, with jitter so a room of kiosks that lost the
// network together do not all come back in the same second, and capped at five minutes.

#include <chrono>

namespace soundings::kiosk {

inline constexpr std::chrono::milliseconds kBackoffBase{2000};
inline constexpr std::chrono::milliseconds kBackoffCap{5 * 60 * 1000};

/// The wait after `failures` consecutive failures (1 = the first), given `random01` in [0, 1):
/// a uniform pick between half and all of min(cap, base * 2^(failures-1)).
std::chrono::milliseconds BackoffDelay(int failures, double random01);

}  // namespace soundings::kiosk
