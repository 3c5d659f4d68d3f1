// What volsync-gen shows of credentials anywhere but in the Secrets it generates: nothing. Every
// output for people and logs (stderr, `results`, lint's and inventory's formats, render's diffs)
// passes the text it quotes through these.
#pragma once
#include <string>
#include <string_view>

namespace vg {

// The text with the user-info of every URL in it (`scheme://user:password@host`, also inside a
// restic repository such as `s3:https://...` or `rest:https://...`) replaced by ***:
// `s3:https://***@host/bucket`. User names go too: an S3 access key id is a credential.
std::string redact_url_credentials(std::string_view text);

// The YAML text with the values under `data:`/`stringData:` of every Secret document replaced by
// "(redacted)" (keys kept), so that a diff of it can be shown in a log; URL credentials anywhere
// else in the text are redacted too. `hidden`, when given, receives the original value lines (to
// tell whether values changed).
std::string redact_secret_values(std::string_view text, std::string* hidden = nullptr);

}  // namespace vg
