// Kubernetes resource.Quantity strings ("1Gi", "500m", "1e3") as used for PVC sizes and capacities.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace vg {

// Exactly the API's pattern:
// ^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$
// Note the pattern allows a fractional exponent ("1e1.5") that Kubernetes' parser then rejects;
// quantity_value returns nullopt for those.
bool is_quantity(std::string_view s);

// The value in base units (bytes for storage): Ki = 1024, k = 1000, m = 0.001, 1e3 = 1000.
// nullopt if !is_quantity(s), the exponent is fractional, or the value overflows long double.
std::optional<long double> quantity_value(std::string_view s);

// -1, 0 or 1 by value ("1Gi" == "1073741824", "0.1k" == "100"). A value that quantity_value
// rejects sorts before every valid one and equal to other invalid ones.
int compare_quantities(std::string_view a, std::string_view b);

// A capacity (a PVC's storage request, a cache size): a quantity greater than zero, as the API
// server requires of a PVC's storage request. nullopt when valid, else what is wrong, quoting `s`.
std::optional<std::string> capacity_error(std::string_view s);

}  // namespace vg
