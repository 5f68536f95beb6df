#include "core/ssh/session.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "core/ssh/connect.h"
#include "core/ssh/run_script.h"
#include "core/ssh/scrub.h"

namespace wgmesh::ssh {
namespace {

class LibsshSession final : public Session {
 public:
  LibsshSession(std::unique_ptr<Connection> connection, const ConnectOptions& options,
                Scrubber scrubber)
      : connection_(std::move(connection)),
        scrubber_(std::move(scrubber)),
        sudo_(options.sudo && connection_->target.credentials.user != "root"),
        command_timeout_(options.command_timeout) {}

  absl::StatusOr<ScriptResult> RunScript(std::string_view script,
                                         const CancelToken* cancel) override {
    RunSpec spec{.sudo = sudo_,
                 .user = connection_->target.credentials.user,
                 .timeout = command_timeout_,
                 .where = connection_->where};
    return RunScriptOnSession(connection_->session.get(), script, spec, cancel, scrubber_,
                              round_trips_);
  }

  int round_trips() const override { return round_trips_; }
  const Target& target() const override { return connection_->target; }

 private:
  std::unique_ptr<Connection> connection_;
  Scrubber scrubber_;
  bool sudo_;
  std::chrono::milliseconds command_timeout_;
  int round_trips_ = 0;
};

}  // namespace

std::string Target::Describe() const {
  std::string address = host.find(':') != std::string::npos ? absl::StrCat("[", host, "]") : host;
  std::string plain = absl::StrCat(credentials.user, "@", address, ":", port);
  if (config_alias.empty()) return plain;
  if (host.empty()) return config_alias;
  return absl::StrCat(config_alias, " (", plain, ")");
}

absl::StatusOr<std::unique_ptr<Session>> Session::Connect(const ConnectOptions& options,
                                                          const CancelToken* cancel,
                                                          LogSink log) {
  Scrubber scrubber(options);
  absl::StatusOr<std::unique_ptr<Connection>> connection =
      OpenConnection(options, cancel, log, scrubber);
  if (!connection.ok()) return connection.status();
  return std::unique_ptr<Session>(
      new LibsshSession(std::move(*connection), options, std::move(scrubber)));
}

}  // namespace wgmesh::ssh
