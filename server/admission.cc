#include "server/admission.h"

#include <algorithm>
#include <functional>
#include <queue>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "google/protobuf/duration.pb.h"
#include "google/rpc/error_details.pb.h"

namespace stori::server {
namespace {

constexpr char kRetryInfoUrl[] = "type.googleapis.com/google.rpc.RetryInfo";
// Weight of one completed call in work_scale (the first ones weigh 1/n, so that the first
// completion replaces the benchmark's guess), and its bounds.
constexpr double kScaleWeight = 0.2;
constexpr double kMinScale = 0.1;
constexpr double kMaxScale = 20.0;
// A running call past its expected time is assumed to need this share of it again.
constexpr double kOverrunShare = 0.1;
// The shortest retry delay a refusal suggests.
constexpr absl::Duration kMinRetryDelay = absl::Milliseconds(100);

absl::Status Exhausted(const std::string& message, absl::Duration retry_delay) {
  absl::Status status = absl::ResourceExhaustedError(message);
  google::rpc::RetryInfo info;
  const absl::Duration delay = std::max(retry_delay, kMinRetryDelay);
  const std::int64_t ns = absl::ToInt64Nanoseconds(delay);
  info.mutable_retry_delay()->set_seconds(ns / 1'000'000'000);
  info.mutable_retry_delay()->set_nanos(static_cast<int>(ns % 1'000'000'000));
  status.SetPayload(kRetryInfoUrl, absl::Cord(info.SerializeAsString()));
  return status;
}

std::string Seconds(absl::Duration d) { return absl::StrFormat("%.2f s", absl::ToDoubleSeconds(d)); }

}  // namespace

absl::optional<absl::Duration> RetryDelayOf(const absl::Status& status) {
  absl::optional<absl::Cord> payload = status.GetPayload(kRetryInfoUrl);
  if (!payload.has_value()) return absl::nullopt;
  google::rpc::RetryInfo info;
  if (!info.ParseFromString(std::string(*payload))) return absl::nullopt;
  return absl::Seconds(info.retry_delay().seconds()) +
         absl::Nanoseconds(info.retry_delay().nanos());
}

Admission::Ticket& Admission::Ticket::operator=(Ticket&& other) noexcept {
  if (this != &other) {
    Release();
    owner_ = other.owner_;
    id_ = other.id_;
    other.owner_ = nullptr;
  }
  return *this;
}

absl::Status Admission::Ticket::Schedule(double expected_seconds, absl::Time deadline,
                                         absl::Time now) {
  if (owner_ == nullptr) return absl::FailedPreconditionError("ticket already released");
  Admission& a = *owner_;
  absl::MutexLock lock(&a.mu_);
  Entry& entry = a.entries_[id_];
  if (entry.stage != Stage::kAdmitted) {
    return absl::FailedPreconditionError("ticket already scheduled");
  }
  const double run_s = std::max(expected_seconds, 1e-3) * a.work_scale_;
  const absl::Duration run = absl::Seconds(run_s);
  const absl::Duration wait = a.ExpectedWaitLocked(now);
  const int queued = a.CountLocked(Stage::kQueued);
  if (wait > a.options_.max_queue_wait) {
    return Exhausted(
        absl::StrCat("server busy: expected queue wait ", Seconds(wait), " (", queued,
                     " calls queued) exceeds its limit of ", Seconds(a.options_.max_queue_wait),
                     "; retry after the suggested delay or on another replica"),
        wait - a.options_.max_queue_wait);
  }
  if (wait > absl::ZeroDuration() && now + wait + run > deadline) {
    return Exhausted(
        absl::StrCat("server busy: this call would start in ", Seconds(wait), " and run about ",
                     Seconds(run), ", past its deadline (", Seconds(deadline - now),
                     " left); retry after the suggested delay or on another replica"),
        wait);
  }
  entry.stage = Stage::kQueued;
  entry.expected_seconds = run_s;
  entry.estimate_seconds = std::max(expected_seconds, 1e-3);
  entry.queue_order = a.next_queue_order_++;
  return absl::OkStatus();
}

void Admission::Ticket::Start(absl::Time now) {
  if (owner_ == nullptr) return;
  absl::MutexLock lock(&owner_->mu_);
  auto it = owner_->entries_.find(id_);
  if (it == owner_->entries_.end()) return;
  it->second.stage = Stage::kRunning;
  it->second.started = now;
}

void Admission::Ticket::Finish(bool completed, absl::Time now) {
  if (owner_ == nullptr) return;
  owner_->Remove(id_, completed ? absl::optional<absl::Time>(now) : absl::nullopt);
  owner_ = nullptr;
}

void Admission::Ticket::Release() {
  if (owner_ == nullptr) return;
  owner_->Remove(id_, absl::nullopt);
  owner_ = nullptr;
}

Admission::Admission(const AdmissionOptions& options)
    : options_{std::max(1, options.max_inflight), std::max(1, options.slots),
               std::max(options.max_queue_wait, absl::Milliseconds(1))} {}

absl::StatusOr<Admission::Ticket> Admission::TryAdmit() {
  absl::MutexLock lock(&mu_);
  if (static_cast<int>(entries_.size()) >= options_.max_inflight) {
    return Exhausted(absl::StrCat("server is at its limit of ", options_.max_inflight,
                                  " calls in flight; retry after the suggested delay or on "
                                  "another replica"),
                     ExpectedWaitLocked(absl::Now()));
  }
  const std::uint64_t id = next_id_++;
  entries_.emplace(id, Entry{});
  return Ticket(this, id);
}

void Admission::Remove(std::uint64_t id, absl::optional<absl::Time> completed_at) {
  absl::MutexLock lock(&mu_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  const Entry entry = it->second;
  entries_.erase(it);
  if (!completed_at.has_value() || entry.stage != Stage::kRunning ||
      entry.estimate_seconds <= 0.0) {
    return;
  }
  const double ratio =
      absl::ToDoubleSeconds(*completed_at - entry.started) / entry.estimate_seconds;
  ++completed_;
  const double weight = std::max(kScaleWeight, 1.0 / static_cast<double>(completed_));
  work_scale_ = std::clamp((1.0 - weight) * work_scale_ + weight * ratio, kMinScale, kMaxScale);
}

int Admission::CountLocked(Stage stage) const {
  return static_cast<int>(std::count_if(entries_.begin(), entries_.end(),
                                        [stage](const auto& e) { return e.second.stage == stage; }));
}

absl::Duration Admission::ExpectedWaitLocked(absl::Time now) const {
  // Min-heap of the times (seconds from now) at which each slot frees.
  std::priority_queue<double, std::vector<double>, std::greater<double>> free_at;
  std::vector<std::pair<std::uint64_t, double>> queue;  // (queue_order, expected seconds)
  int running = 0;
  for (const auto& [id, e] : entries_) {
    if (e.stage == Stage::kRunning) {
      const double elapsed = absl::ToDoubleSeconds(now - e.started);
      free_at.push(std::max(e.expected_seconds - elapsed, kOverrunShare * e.expected_seconds));
      ++running;
    } else if (e.stage == Stage::kQueued) {
      queue.emplace_back(e.queue_order, e.expected_seconds);
    }
  }
  for (int i = running; i < options_.slots; ++i) free_at.push(0.0);
  std::sort(queue.begin(), queue.end());
  for (const auto& [order, seconds] : queue) {
    const double start = free_at.top();
    free_at.pop();
    free_at.push(start + seconds);
  }
  return absl::Seconds(free_at.top());
}

int Admission::inflight() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(entries_.size());
}

int Admission::queued() const {
  absl::MutexLock lock(&mu_);
  return CountLocked(Stage::kQueued);
}

int Admission::running() const {
  absl::MutexLock lock(&mu_);
  return CountLocked(Stage::kRunning);
}

absl::Duration Admission::ExpectedWait(absl::Time now) const {
  absl::MutexLock lock(&mu_);
  return ExpectedWaitLocked(now);
}

double Admission::work_scale() const {
  absl::MutexLock lock(&mu_);
  return work_scale_;
}

int Admission::WaitUntilIdle(absl::Time deadline) const {
  while (inflight() > 0 && absl::Now() < deadline) absl::SleepFor(absl::Milliseconds(10));
  return inflight();
}

}  // namespace stori::server
