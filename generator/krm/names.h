// Kubernetes name rules (k8s.io/apimachinery/pkg/util/validation). Each function returns nullopt
// when the value is valid, else the API server's messages (length and characters,
// '; '-joined when both are wrong).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace vg {

// The shapes alone, whatever the length: tell a bad character from a name that is only too long.
bool is_dns1123_label(std::string_view s);
bool is_dns1123_subdomain(std::string_view s);

// Most object names (PVC, Secret, ReplicationSource): <= 63, [a-z0-9]([-a-z0-9]*[a-z0-9])?
std::optional<std::string> dns1123_label_error(std::string_view s);

// <= 253, one or more labels joined by '.' (each label is not length-checked, as in Kubernetes).
std::optional<std::string> dns1123_subdomain_error(std::string_view s);

// Label values: <= 63, empty allowed, ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
std::optional<std::string> label_value_error(std::string_view s);

// Secret and ConfigMap data keys (IsConfigMapKey): <= 253, [-._a-zA-Z0-9]+, not "." or "..", not
// starting with "..".
std::optional<std::string> config_key_error(std::string_view s);

// Label and annotation keys: optional DNS-1123 subdomain prefix and '/', then a name part of
// <= 63 characters shaped like a non-empty label value.
std::optional<std::string> qualified_name_error(std::string_view s);

}  // namespace vg
