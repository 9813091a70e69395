use std::time::Duration;

use insta::assert_snapshot;
use kiln_shared::model::{JobErrorCode, JobState};

use super::fake::Act;
use super::harness::World;
use crate::engine::FailPoint;
use crate::media::ops::OpLimits;

#[test]
fn a_render_lands_its_output_and_keeps_the_charge() {
    let world = World::new();
    let life = world.start(world.config());
    let job = life.submit(world.render_job());
    let done = life.wait_settled(&job);
    life.wait_idle();
    assert_eq!(done.progress, 1.0);
    let output = life.store().file(&done.outputs[0]).unwrap();
    let blob = life
        .store()
        .blobs()
        .path(output.blob_id.as_deref().unwrap());
    assert_eq!(
        std::fs::read_to_string(blob.unwrap()).unwrap(),
        "rendered at 60 fps\n"
    );
    assert_snapshot!(world.report(&life, &[&job]));
}

#[test]
fn a_warm_worker_takes_the_next_job() {
    let world = World::new();
    let life = world.start(world.config());
    let first = life.submit(world.render_job());
    life.wait_settled(&first);
    let second = life.submit(world.file_job());
    life.wait_settled(&second);
    life.wait_idle();
    assert_eq!(life.engine.workers()[0].jobs_run, 2);
    assert_snapshot!(world.report(&life, &[&first, &second]));
}

#[test]
fn a_file_job_runs_every_step_and_stores_named_outputs() {
    let world = World::new();
    let life = world.start(world.config());
    let job = life.submit(world.file_job());
    life.wait_settled(&job);
    life.wait_idle();
    assert_snapshot!(world.report(&life, &[&job]));
}

#[test]
fn a_worker_crash_fails_and_refunds_the_job_and_the_next_job_gets_a_new_worker() {
    let world = World::new();
    world.fake.script([Act::Crash]);
    let life = world.start(world.config());
    let crashed = life.submit(world.render_job());
    life.wait_settled(&crashed);
    let next = life.submit(world.render_job());
    life.wait_settled(&next);
    life.wait_idle();
    assert_snapshot!(world.report(&life, &[&crashed, &next]));
}

#[test]
fn a_hung_worker_is_stopped_at_the_time_limit() {
    let world = World::new();
    world.fake.script([Act::Hang]);
    let life = world.start(crate::engine::EngineConfig {
        job_timeout: Duration::from_secs(1),
        ..world.config()
    });
    let job = life.submit(world.file_job());
    life.wait_settled(&job);
    life.wait_idle();
    assert_snapshot!(world.report(&life, &[&job]));
}

#[test]
fn a_worker_that_does_not_start_fails_the_job() {
    let world = World::new();
    world.fake.script([Act::FailToStart]);
    let life = world.start(world.config());
    let job = life.submit(world.render_job());
    life.wait_settled(&job);
    life.wait_idle();
    assert_snapshot!(world.report(&life, &[&job]));
}

#[test]
fn cancel_while_running_refunds_and_stops_the_worker() {
    let world = World::new();
    world.fake.script([Act::Slow]);
    let life = world.start(world.config());
    let job = life.submit(world.render_job());
    life.wait_running(&job);
    let canceled = life
        .block_on(life.engine.cancel(&job.id, "canceled by the client"))
        .unwrap();
    assert_eq!(canceled.state, JobState::Canceled);
    life.wait_idle();
    let refused = life.block_on(life.engine.cancel(&job.id, "again"));
    assert!(refused.is_err(), "a settled job cannot be canceled twice");
    assert_snapshot!(world.report(&life, &[&job]));
}

#[test]
fn retry_after_a_failure_runs_a_new_job_charged_again() {
    let world = World::new();
    world
        .fake
        .script([Act::Fail("the input has no video stream")]);
    let life = world.start(world.config());
    let failed = life.submit(world.render_job());
    life.wait_settled(&failed);
    let retry = life.block_on(life.engine.retry(&failed.id, None)).unwrap();
    life.wait_settled(&retry);
    life.wait_idle();
    assert_snapshot!(world.report(&life, &[&failed, &retry]));
}

#[test]
fn a_crash_between_debit_and_queue_runs_the_job_after_the_restart() {
    let world = World::new();
    let life = world.start(world.config());
    life.engine.fail_points().arm(FailPoint::AfterDebit);
    let job = world.render_job();
    life.submit_in_background(job.clone());
    life.crash();

    let life = world.start(world.config());
    life.wait_settled(&job);
    life.wait_idle();
    assert_snapshot!(world.report(&life, &[&job]));
}

#[test]
fn a_crash_between_output_and_settlement_runs_the_job_again_and_settles_once() {
    let world = World::new();
    let life = world.start(world.config());
    life.engine.fail_points().arm(FailPoint::BeforeSettle);
    let job = life.submit(world.file_job());
    life.crash();

    let life = world.start(world.config());
    let done = life.wait_settled(&job);
    life.wait_idle();
    assert_eq!(done.state, JobState::Succeeded);
    assert_snapshot!(world.report(&life, &[&job]));
}

#[test]
fn a_job_interrupted_on_its_last_attempt_is_given_up_with_a_refund() {
    let world = World::new();
    let cfg = crate::engine::EngineConfig {
        max_attempts: 1,
        ..world.config()
    };
    let life = world.start(cfg.clone());
    life.engine.fail_points().arm(FailPoint::BeforeSettle);
    let job = life.submit(world.render_job());
    life.crash();

    let life = world.start(cfg);
    let done = life.wait_settled(&job);
    assert_eq!(done.error.unwrap().code, JobErrorCode::ExecutionFailed);
    assert_snapshot!(world.report(&life, &[&job]));
}

#[test]
fn shutdown_requeues_the_running_job_without_an_attempt_and_keeps_the_queue() {
    let world = World::new();
    world.fake.script([Act::Slow]);
    let life = world.start(world.config());
    let running = life.submit(world.render_job());
    let waiting = life.submit(world.file_job());
    life.wait_running(&running);
    life.shut_down(Duration::from_millis(50));
    assert_snapshot!("drained", world.report(&life, &[&running, &waiting]));
    drop(life);

    let life = world.start(world.config());
    life.wait_settled(&running);
    life.wait_settled(&waiting);
    life.wait_idle();
    assert_snapshot!("restarted", world.report(&life, &[&running, &waiting]));
}

#[test]
fn identify_runs_in_an_inspection_worker_kept_for_the_next_upload() {
    let world = World::new();
    let life = world.start(world.config());
    let blob = world.photo.blob_id.as_deref().unwrap();
    let path = life.store().blobs().path(blob).unwrap();
    let facts = life
        .block_on(life.engine.identify(&path, &OpLimits::default()))
        .unwrap();
    assert_eq!(facts.name, path.file_name().unwrap().to_string_lossy());
    let settle =
        || life.block_on(async { tokio::time::sleep(std::time::Duration::from_millis(100)).await });
    settle();
    // (launched, stopped): the one that answered is kept, and one more was
    // started ahead; later uploads use them, nothing new starts.
    assert_eq!(world.fake.tally(), (2, 0));
    for _ in 0..3 {
        let again = life
            .block_on(life.engine.identify(&path, &OpLimits::default()))
            .unwrap();
        assert_eq!(again.name, facts.name);
    }
    settle();
    assert_eq!(world.fake.tally(), (2, 0));
    // A file the worker refuses stops it.
    let missing = path.with_file_name("missing.png");
    assert!(life
        .block_on(life.engine.identify(&missing, &OpLimits::default()))
        .is_err());
    settle();
    assert_eq!(world.fake.tally(), (2, 1));
}
