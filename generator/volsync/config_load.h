// Reading the configuration text: the ResourceList's functionConfig, or the legacy kustomize
// plugin's config file. Both go through the one Doc reader with the run's limits and its
// duplicate-key rule (yaml/doc.h), so a config file is held to what a ResourceList is.
#pragma once
#include <string>
#include <string_view>

#include "krm/finding.h"
#include "volsync/env_overrides.h"
#include "volsync/settings.h"
#include "yaml/limits.h"

namespace vg {

struct ConfigText {
  std::string_view text;  // one YAML document; empty or null: there is no config
  std::string file;       // named by findings: the config file, or the functionConfig's kpt path
  int first_line = 1;     // the text's first line in `file`; 0 when its lines do not map onto it
  ResourceRef resource;   // what the scan knew (namespace); kind, apiVersion and name come from the text
};

// Parses the config and applies the Argo CD environment over it (env_overrides.h). False with
// findings located at file:line when the text is malformed, breaks a limit, repeats a key, is
// missing, or any setting is wrong.
bool load_config(const ConfigText& in, const Limits& limits, const EnvVars& env, Config& out, Findings& findings);

}  // namespace vg
