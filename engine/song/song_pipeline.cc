#include "engine/song/song_pipeline.h"

#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/optional.h"

namespace stori::song {
namespace {

absl::Status InSection(const absl::Status& status, int index, const std::string& section_id) {
  return absl::Status(status.code(),
                      absl::StrCat("section ", index, " (", section_id, "): ", status.message()));
}

// Finished sections waiting for their turn, and the delivery of them in song order.
class Delivery {
 public:
  Delivery(int total, SongObserver& observer) : finished_(total), observer_(observer) {}

  // Records that one more section is being refined (or generated and refined inline).
  void Started() {
    absl::MutexLock lock(&mu_);
    ++outstanding_;
  }

  // Section `index` is final (or failed); delivers every section now ready, in order.
  void Finish(int index, absl::StatusOr<SectionResult> result) {
    {
      absl::MutexLock lock(&mu_);
      finished_[index] = std::move(result);
      if (delivering_) {  // the thread delivering will find it
        --outstanding_;
        return;
      }
      delivering_ = true;
    }
    while (true) {
      absl::StatusOr<SectionResult> next;
      int next_index = 0;
      {
        absl::MutexLock lock(&mu_);
        if (!error_.ok() || next_ >= static_cast<int>(finished_.size()) ||
            !finished_[next_].has_value()) {
          delivering_ = false;
          --outstanding_;
          return;
        }
        next_index = next_;
        next = *std::move(finished_[next_]);
        finished_[next_].reset();
        ++next_;
      }
      absl::Status status = next.ok() ? observer_.OnSection(next_index, *std::move(next))
                                      : next.status();
      if (!status.ok()) Fail(std::move(status));
    }
  }

  // Records the song's first error; nothing is delivered after it.
  void Fail(absl::Status status) {
    absl::MutexLock lock(&mu_);
    if (error_.ok()) error_ = std::move(status);
  }

  absl::Status error() const {
    absl::MutexLock lock(&mu_);
    return error_;
  }

  int delivered() const {
    absl::MutexLock lock(&mu_);
    return next_;
  }

  // Waits until every started section has finished; returns the first error.
  absl::Status Wait() {
    absl::MutexLock lock(&mu_);
    auto idle = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return outstanding_ == 0; };
    mu_.Await(absl::Condition(&idle));
    return error_;
  }

 private:
  mutable absl::Mutex mu_;
  std::vector<absl::optional<absl::StatusOr<SectionResult>>> finished_
      ABSL_GUARDED_BY(mu_);
  int next_ ABSL_GUARDED_BY(mu_) = 0;
  int outstanding_ ABSL_GUARDED_BY(mu_) = 0;
  bool delivering_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status error_ ABSL_GUARDED_BY(mu_);
  SongObserver& observer_;
};

}  // namespace

absl::Status GenerateSong(const generate::SectionGenerator& generator,
                          refine::RefinementPool* pool,
                          const std::vector<SectionRequest>& sections,
                          const RunContext& ctx, SongObserver& observer) {
  const int total = static_cast<int>(sections.size());
  Delivery delivery(total, observer);
  for (int i = 0; i < total; ++i) {
    if (absl::Status stop = ctx.CheckStop(); !stop.ok()) {
      delivery.Fail(std::move(stop));
      break;
    }
    if (!delivery.error().ok()) break;
    observer.OnGenerating(i, total, delivery.delivered());
    const SectionRequest& request = sections[i];
    absl::StatusOr<SectionResult> generated = generator.Generate(request, ctx);
    if (!generated.ok()) {
      delivery.Fail(InSection(generated.status(), i, request.section.section_id));
      break;
    }
    delivery.Started();
    refine::RefinementJob job;
    job.request = request;
    job.generated = *std::move(generated);
    job.options = refine::RefinementOptionsFor(request.quality_preset);
    job.ctx = &ctx;
    job.done = [&delivery, i, id = request.section.section_id](
                   absl::StatusOr<SectionResult> refined) {
      if (!refined.ok()) refined = InSection(refined.status(), i, id);
      delivery.Finish(i, std::move(refined));
    };
    // The first section is refined on this thread: refining it beside the next section's
    // generation delayed it (4.0 s against 3.5 s median on two cores, README "The numbers").
    if (i == 0 || pool == nullptr || job.options.max_passes <= 0 ||
        !pool->TrySubmit(&job).ok()) {
      refine::RunRefinementJob(generator, std::move(job));
    }
  }
  return delivery.Wait();
}

}  // namespace stori::song
