// Process-wide settings of the reliability test executable.
#include <csignal>

namespace {

// The server under test runs in this process, and cpp-httplib 0.11.4 sends without MSG_NOSIGNAL:
// a hostile client that closes early would kill the whole test run with SIGPIPE. The server's
// own protection against that is tested separately, in a death test that restores SIG_DFL
// (docs/reliability.md: httplib::Server's constructor sets SIG_IGN itself in 0.11.4).
[[maybe_unused]] const bool kSigpipeIgnored = [] {
  std::signal(SIGPIPE, SIG_IGN);
  return true;
}();

}  // namespace

#if defined(__SANITIZE_ADDRESS__)
// ASan keeps freed blocks in a 256 MB quarantine by default, so the process's RSS grows with
// every large body freed and the memory test (HostileMemory) would measure the sanitizer rather
// than the server. 8 MB still catches a use of recently freed memory.
extern "C" const char* __asan_default_options() { return "quarantine_size_mb=8"; }
#endif
