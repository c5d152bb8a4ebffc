#include "server/services/sign_in_throttle.h"

#include <algorithm>
#include <vector>

namespace soundings::server {

namespace {
using std::chrono::minutes;
using std::chrono::seconds;

constexpr seconds kLongestWait{15 * 60};
constexpr auto kKnownFor = std::chrono::hours(24 * 90);
// A council office behind one address makes many honest mistakes: 20 free, one back a minute.
constexpr int kAddressFree = 20;
constexpr seconds kAddressLeak = minutes(1);
// What stops one client guessing one password.
constexpr int kPairFree = 4;
constexpr seconds kPairLeak = minutes(15);
// What stops many addresses sharing the guessing.
constexpr int kNameFree = 10;
constexpr seconds kNameLeak = minutes(5);
// Beyond this many keys, idle ones are dropped (a flood from many addresses must not grow
// memory without bound).
constexpr std::size_t kPruneAbove = 50000;
}  // namespace

void SignInThrottle::Leak(Key& key, const Rule& rule, TimePoint now) {
  if (key.failures == 0 || now <= key.last) return;
  const auto quiet = std::chrono::duration_cast<seconds>(now - key.last);
  const auto forgiven = quiet / rule.leak_every;
  if (forgiven <= 0) return;
  key.failures = static_cast<int>(std::max<long long>(0, key.failures - forgiven));
  key.last += forgiven * rule.leak_every;
}

void SignInThrottle::Count(Key& key, const Rule& rule, TimePoint now) {
  ++key.failures;
  key.last = std::max(key.last, now);
  if (key.failures > rule.free_failures) {
    const int doublings = std::min(key.failures - rule.free_failures, 10);
    key.refuse_until = now + std::min(kLongestWait, seconds(1LL << doublings));
  }
}

long long SignInThrottle::Charge(const std::string& name, const std::string& address,
                                 TimePoint now) {
  std::lock_guard lock(m_mutex);
  Prune(now);
  const auto known = m_known_addresses.find(name + "|" + address);
  const bool name_wide = known == m_known_addresses.end() || now - known->second > kKnownFor;
  struct Applied {
    Key* key;
    Rule rule;
  };
  std::vector<Applied> keys = {{&m_keys["a|" + address], {kAddressFree, kAddressLeak}},
                               {&m_keys["n|" + name + "|" + address], {kPairFree, kPairLeak}}};
  if (name_wide) keys.push_back({&m_keys["N|" + name], {kNameFree, kNameLeak}});
  long long wait = 0;
  for (auto& k : keys) {
    Leak(*k.key, k.rule, now);
    if (now < k.key->refuse_until) {
      const auto left = k.key->refuse_until - now;
      wait = std::max<long long>(wait, std::chrono::ceil<seconds>(left).count());
    }
  }
  if (wait > 0) return std::max<long long>(1, wait);
  for (auto& k : keys) Count(*k.key, k.rule, now);
  return 0;
}

void SignInThrottle::Succeeded(const std::string& name, const std::string& address, TimePoint now) {
  std::lock_guard lock(m_mutex);
  m_keys.erase("n|" + name + "|" + address);
  if (auto a = m_keys.find("a|" + address); a != m_keys.end() && a->second.failures > 0) {
    --a->second.failures;
  }
  m_known_addresses[name + "|" + address] = now;
}

void SignInThrottle::Prune(TimePoint now) {
  if (m_keys.size() + m_known_addresses.size() <= kPruneAbove) return;
  if (now - m_last_prune < minutes(1)) return;
  m_last_prune = now;
  // A key quiet for longer than its slowest leak needs to forget 30 failures is back to nothing.
  const auto idle = kPairLeak * 30;
  std::erase_if(m_keys, [&](const auto& entry) {
    return now >= entry.second.refuse_until && now - entry.second.last > idle;
  });
  std::erase_if(m_known_addresses,
                [&](const auto& entry) { return now - entry.second > kKnownFor; });
}

}  // namespace soundings::server
