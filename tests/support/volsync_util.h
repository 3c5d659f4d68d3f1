// Helpers the volsync layer's tests share.
#pragma once
#include <string>
#include <string_view>

#include "support/findings_util.h"
#include "volsync/credentials.h"
#include "volsync/settings.h"

namespace vg::test {

// Where a configuration's findings point in the tests: the functionConfig cfg, config.yaml line 10.
inline Origin config_origin() {
  Origin o;
  o.resource = {"volsync-gen.io/v1alpha1", "VolSyncBackup", "cfg", ""};
  o.file = "config.yaml";
  o.line = 10;
  return o;
}

// What reading a repository's source Secret gave: the credentials and the findings.
struct LoadedCredentials {
  bool ok = false;
  SourceCredentials creds;
  Findings f;
  const Finding* find(std::string_view rule, std::string_view field) const {
    for (const auto& x : f)
      if (x.rule == rule && x.field == field) return &x;
    return nullptr;
  }
  std::string all() const { return vg::test::all(f); }
};

}  // namespace vg::test
