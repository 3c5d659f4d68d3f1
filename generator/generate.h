// expand: one Secret, ReplicationSource and ReplicationDestination per plan, from the templates.
#pragma once
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "credentials.h"
#include "finding.h"
#include "plan.h"
#include "template.h"

namespace vg {

struct Generated {
  ResourceRef ref;
  YAML::Node node;
  std::size_t plan_index = 0;
  std::string identity() const;  // group/kind/namespace/name, as clients match objects
};

// "apps/v1" -> "apps", "v1" -> "" (core): the part of apiVersion that identifies an object.
std::string api_group(std::string_view api_version);
std::string object_identity(std::string_view api_version, std::string_view kind, std::string_view ns,
                            std::string_view name);

// The template variables of one plan.
Vars plan_variables(const BackupPlan& plan, const SourceCredentials& creds);

bool generate_objects(const std::vector<BackupPlan>& plans, const SourceCredentials& creds,
                      const TemplateSet& templates, std::vector<Generated>& out, Findings& findings);

}  // namespace vg
