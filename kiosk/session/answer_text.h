#pragma once
// Answers as a person reads them on the review page: option labels, scale labels, "Yes".

#include <string>

#include <nlohmann/json.hpp>

#include "shared/templates/model.h"

namespace soundings::kiosk {

/// `value` (an answer to `item`) in words, in `language`; "" for null.
std::string FormatAnswer(const Template& tmpl, const Item& item, const nlohmann::json& value,
                         const std::string& language);

/// A number without a pointless ".0": 3 -> "3", 2.5 -> "2.5".
std::string FormatNumber(double value);

}  // namespace soundings::kiosk
