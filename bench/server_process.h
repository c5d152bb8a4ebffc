#pragma once
// What the benchmarks that run the server in a child process (load, signin_flood) read of it and
// of their timings: one definition, so their figures mean the same.

#include <algorithm>
#include <cstddef>
#include <fstream>
#include <string>
#include <vector>

#include <sys/types.h>

namespace soundings::bench {

/// The resident memory of process `pid` in MB (VmRSS), 0 when it cannot be read.
inline double ServerRssMb(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}

/// The `p` quantile (0-1) of `values` by the nearest rank; 0 for none.
inline double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

}  // namespace soundings::bench
