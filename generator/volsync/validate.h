// validate: the VolSync CRD schemas plus VolSync's runtime rules, applied to one object.
// The function runs it on everything it generates; `lint` runs it on what users wrote.
#pragma once
#include <string>
#include <vector>

#include "yaml/doc.h"
#include "krm/finding.h"
#include "schema/schema.h"

namespace vg {

class Validator {
 public:
  // Embedded schemas, or (when paths are given) the CRDs in those files/directories instead.
  bool init(const std::vector<std::string>& schema_paths, Findings& findings);

  // Schema + rules for one object. `file`/`line_offset` locate findings in the input when known.
  void check(const Doc& obj, const ResourceRef& ref, const std::vector<std::string>& disabled_rules,
             Findings& out, const std::string& file = {}, int line_offset = -1) const;

  bool has_schema(const ResourceRef& ref) const { return schemas_.find(ref.api_version, ref.kind) != nullptr; }

 private:
  SchemaSet schemas_;
};

}  // namespace vg
