// The KRM function end to end: scan, load config, read PVCs and select, plan, expand and validate,
// check identities, emit. Pure: bytes in, bytes out.
#pragma once
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "krm/finding.h"
#include "yaml/limits.h"
#include "krm/output.h"
#include "volsync/plan.h"
#include "volsync/settings.h"
#include "yaml/doc.h"

#include <memory>

namespace vg {

struct FunctionOptions {
  Limits limits;
  std::string templates_dir;               // empty: embedded templates
  std::vector<std::string> schema_paths;   // extra CRD files/dirs (replace the embedded schemas)
  // Legacy kustomize exec plugin: the config comes from a file and stdin is a plain YAML stream.
  bool stream_io = false;
  std::optional<std::string> config_text;
  std::string config_file;
  // Argo CD plugin env and parameters (NAME, value), e.g. ARGOCD_ENV_VOLSYNC_SCHEDULE, PARAM_SCHEDULE;
  // picked by select_override_env and applied over the config (env_overrides.h).
  std::vector<std::pair<std::string, std::string>> overrides;
  // Leave a successful output as pieces (FunctionResult::write) instead of joining it into
  // `output`: for large inputs the joined copy would double the memory.
  bool pieces_only = false;
  // Return the plans (FunctionResult::plans, for `inventory`); else each is freed once written.
  bool keep_plans = true;
  // Return the generated objects and the changed input objects as trees (FunctionResult::objects,
  // edits), for `render`, which lays them out in files instead of one stream.
  bool keep_objects = false;
};

// A generated object, as written: its identity and its tree.
struct GeneratedObject {
  ResourceRef ref;
  Doc node;
};

// An input object the function changed (source Secret, bootstrap PVC, Namespace): its position
// among the input objects and its new content.
struct InputEdit {
  std::size_t index = 0;
  Doc node;
};

struct FunctionResult {
  bool ok = false;
  std::string output;  // ResourceList (KRM) or YAML stream; on error only a ResourceList with results
  // With FunctionOptions::pieces_only, a successful output is these pieces instead of `output`.
  std::vector<OutputPiece> pieces;
  std::string written;
  Findings findings;   // everything reported, errors and warnings
  // What was planned (for `inventory`): the configuration and one plan per selected PVC.
  std::shared_ptr<const Config> config;
  std::vector<BackupPlan> plans;
  std::vector<std::pair<std::string, std::string>> unselected;  // (namespace, name) of PVCs not selected
  // With FunctionOptions::keep_objects: generated objects in output order, changed input objects.
  std::vector<GeneratedObject> objects;
  std::vector<InputEdit> edits;

  std::string text(std::string_view input) const;           // the whole output
  bool write(std::FILE* out, std::string_view input) const;  // the whole output, piece by piece
};

FunctionResult run_function(std::string_view input, const FunctionOptions& options);

}  // namespace vg
