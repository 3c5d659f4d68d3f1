// Output formats for findings, kubeconform-style: one result type (Finding), each format a small
// function from findings (plus the rule table, for formats that describe rules) to text.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "krm/finding.h"
#include "krm/json_quote.h"
#include "volsync/rule_registry.h"

namespace vg {

struct ReportFormat {
  std::string_view name;
  std::string_view description;
  std::string (*write)(const Findings& findings, const std::vector<RuleInfo>& rules);
};

// text, json, sarif, github.
const std::vector<ReportFormat>& report_formats();
const ReportFormat* find_report_format(std::string_view name);

}  // namespace vg
