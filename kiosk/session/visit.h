#pragma once
// Exhaustive handling of the action variants (UiAction, OperatorAction): one handler per
// alternative, checked at compile time, so a new action kind that nobody handles stops the build
// instead of being silently ignored.

#include <type_traits>
#include <utility>
#include <variant>

namespace soundings::kiosk {

/// Lambdas merged into one overload set.
template <typename... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <typename... F>
Overloaded(F...) -> Overloaded<F...>;

/// Calls the handler in `handlers` written for the alternative `value` holds. Give one lambda per
/// alternative, each taking `const T&` of that type, never `auto`: a generic lambda would accept
/// a new action kind without anyone deciding what it does.
template <typename... Alternatives, typename... Handlers>
void VisitExhaustively(const std::variant<Alternatives...>& value, Handlers&&... handlers) {
  using Set = Overloaded<std::decay_t<Handlers>...>;
  static_assert((std::is_invocable_v<const Set&, const Alternatives&> && ...),
                "an action kind has no handler: add a lambda taking it (see visit.h)");
  std::visit(Set{std::forward<Handlers>(handlers)...}, value);
}

}  // namespace soundings::kiosk
