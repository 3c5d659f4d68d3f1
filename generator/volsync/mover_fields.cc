#include "volsync/mover_fields.h"

#include <re2/re2.h>

#include <algorithm>
#include <initializer_list>

#include "krm/names.h"
#include "krm/quantity.h"

namespace vg {
namespace {

using Error = std::optional<std::string>;

Error only_keys(const Doc& n, std::initializer_list<std::string_view> allowed) {
  for (const auto& kv : n.entries()) {
    const std::string& k = kv.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      return "unknown field \"" + k + "\" (allowed: " + list + ")";
    }
  }
  return std::nullopt;
}

Error quantity_map(const Doc& n, const std::string& where) {
  if (!n.IsMap()) return where + " must be an object of quantities";
  for (const auto& kv : n.entries())
    if (!kv.second.IsScalar() || !is_quantity(kv.second.Scalar()))
      return where + "." + kv.first.Scalar() + " is not a Kubernetes quantity";
  return std::nullopt;
}

}  // namespace

Error parse_object_text(std::string_view text, Doc& out) {
  DocParseError err;
  if (!parse_doc(text, out, err)) return "is not YAML: " + err.message;
  if (!out.IsMap()) return std::string("must be an object, e.g. {key: value}");
  return std::nullopt;
}

Error custom_ca_error(const Doc& n) {
  if (!n.IsMap()) return std::string("customCA must be an object {secretName or configMapName, key}");
  if (auto e = only_keys(n, {"secretName", "configMapName", "key"})) return e;
  for (const auto& kv : n.entries())
    if (!kv.second.IsScalar()) return kv.first.Scalar() + " must be a string";
  const bool secret = static_cast<bool>(n["secretName"]), config_map = static_cast<bool>(n["configMapName"]);
  if (secret == config_map) return std::string("customCA needs exactly one of secretName and configMapName");
  const std::string name = (secret ? n["secretName"] : n["configMapName"]).Scalar();
  if (auto e = dns1123_subdomain_error(name)) return "\"" + name + "\": " + *e;
  // VolSync ignores a customCA without key (internal/controller/utils/customca.go).
  if (!n["key"]) return std::string("customCA needs key (VolSync ignores a customCA without one)");
  if (auto e = config_key_error(n["key"].Scalar())) return "key \"" + n["key"].Scalar() + "\": " + *e;
  return std::nullopt;
}

Error mover_resources_error(const Doc& n) {
  if (!n.IsMap()) return std::string("moverResources must be an object (limits, requests)");
  if (auto e = only_keys(n, {"limits", "requests", "claims"})) return e;
  for (const char* k : {"limits", "requests"})
    if (n[k])
      if (auto e = quantity_map(n[k], k)) return e;
  if (n["claims"] && !n["claims"].IsSequence()) return std::string("claims must be a list");
  return std::nullopt;
}

Error mover_affinity_error(const Doc& n) {
  if (!n.IsMap()) return std::string("moverAffinity must be an object (nodeAffinity, podAffinity, podAntiAffinity)");
  if (auto e = only_keys(n, {"nodeAffinity", "podAffinity", "podAntiAffinity"})) return e;
  for (const auto& kv : n.entries())
    if (!kv.second.IsMap()) return kv.first.Scalar() + " must be an object";
  return std::nullopt;
}

Error restore_as_of_error(std::string_view v) {
  // CRD format date-time; VolSync's docs require the T separator.
  static const RE2 re(R"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2}))");
  if (!RE2::FullMatch(v, re)) return "\"" + std::string(v) + "\" is not an RFC 3339 time like 2026-01-31T23:59:59Z";
  return std::nullopt;
}

}  // namespace vg
