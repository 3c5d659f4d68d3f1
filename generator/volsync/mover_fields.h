// Checks of the VolSync fields volsync-gen passes through as written (customCA, moverResources,
// moverAffinity, restoreAsOf, ...): the settings table (settings.cc) calls them for every form
// a value comes in, so a bad value is refused where it is written, not by the API server.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "yaml/doc.h"

namespace vg {

// An annotation's object value in YAML flow form, e.g. `{requests: {cpu: 100m}}`.
std::optional<std::string> parse_object_text(std::string_view text, Doc& out);

std::optional<std::string> custom_ca_error(const Doc& n);        // {secretName|configMapName, key}
std::optional<std::string> mover_resources_error(const Doc& n);  // ResourceRequirements
std::optional<std::string> mover_affinity_error(const Doc& n);   // Affinity
std::optional<std::string> restore_as_of_error(std::string_view v);  // RFC 3339 date-time with T

}  // namespace vg
