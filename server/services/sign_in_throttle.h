#pragma once
// Sign-in rate limits, checked and counted in one step under one lock, so parallel attempts can
// never all pass a check made before any of them was counted. Three keys: the client address,
// the name at that address, and the name from anywhere (only for addresses the user has not
// signed in from, so guesses from elsewhere never refuse the owner at their usual address).
// Beyond a key's free failures it refuses for 2, 4, 8, ... seconds, at most 15 minutes, and
// failures leak away with quiet time: nothing is ever locked for good. Held in memory: a restart
// forgets the counts (and known addresses), which only ever lets more attempts through.

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>

namespace soundings::server {

class SignInThrottle {
 public:
  using TimePoint = std::chrono::system_clock::time_point;

  /// Counts an attempt by `name` from `address` as a failure in advance against every key that
  /// applies, unless one of them is refusing: then nothing is counted and the seconds to wait
  /// (at least 1) are returned. 0 means the attempt may be checked.
  long long Charge(const std::string& name, const std::string& address, TimePoint now);
  /// A successful sign-in: forgets the name's counts at `address`, takes back the address's
  /// advance count and remembers the address as the user's for 90 days.
  void Succeeded(const std::string& name, const std::string& address, TimePoint now);

 private:
  struct Key {
    int failures = 0;
    TimePoint last{};
    TimePoint refuse_until{};
  };
  struct Rule {
    int free_failures;
    std::chrono::seconds leak_every;  // one failure forgiven per this much quiet time
  };
  static void Leak(Key& key, const Rule& rule, TimePoint now);
  static void Count(Key& key, const Rule& rule, TimePoint now);
  void Prune(TimePoint now);

  std::mutex m_mutex;
  std::map<std::string, Key> m_keys;                   // "a|addr", "n|name|addr", "N|name"
  std::map<std::string, TimePoint> m_known_addresses;  // "name|addr" -> last success
  TimePoint m_last_prune{};
};

}  // namespace soundings::server
