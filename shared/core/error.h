#pragma once
// Errors as values: every boundary (file, network, database, user input) returns one of these
// instead of throwing, with a sentence a person can act on and, for input, where it went wrong.

#include "shared/core/expected.h"

namespace soundings {

/// A value or the problems that prevented it (Expected with every Problem found).
template <typename T>
using Result = Expected<T, Problems>;

/// For operations that produce nothing but can fail.
struct Ok {};
using Status = Result<Ok>;

}  // namespace soundings
