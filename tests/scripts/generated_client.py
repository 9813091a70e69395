"""Drive both published workflows through a client generated from kiln's
/openapi.json by openapi-python-client, and nothing else.

Every answer must parse into its typed model: a raw dict, `None`, an error
model or an `Unset` field the API always sends fails the run.

usage: generated_client.py BASE_URL API_KEY CLIP.mp4 PICTURE.png
"""

import io
import sys
import time
from typing import TypeVar
from urllib.parse import parse_qs, urlparse

import httpx

from kiln_client import AuthenticatedClient, Client
from kiln_client.api.account import get_me
from kiln_client.api.files import (
    files_capabilities,
    files_create_job,
    files_create_upload,
    files_get_job,
    files_store_upload,
    files_usage,
)
from kiln_client.api.pricing import estimate_video, pricing_config
from kiln_client.api.projects import (
    get_project,
    get_shared_project,
    list_projects,
    project_file_download_url,
    share_project,
)
from kiln_client.api.renders import create_job, get_job, list_jobs
from kiln_client.api.uploads import download_file, presign_upload, upload_file
from kiln_client.models import (
    Capabilities,
    CreateFileJob,
    CreateJob,
    DownloadLink,
    EstimateVideoRequest,
    FileJobKind,
    FileJobStatus,
    FileRef,
    JobList,
    JobObject,
    LiveStatus,
    Me,
    PresignRequest,
    PresignResponse,
    PricingConfigView,
    ProjectList,
    ProjectView,
    RenderJob,
    ShareLink,
    SharedProject,
    Stored,
    UploadResponse,
    UploadSlot,
    UsageView,
    VideoEstimate,
)
from kiln_client.types import UNSET, File

T = TypeVar("T")
TIMEOUT = httpx.Timeout(60.0)


def typed(answer: object, model: type[T], what: str) -> T:
    """The answer, which must be the model the document promises."""
    if not isinstance(answer, model):
        sys.exit(f"{what}: expected {model.__name__}, got {answer!r}")
    for field in getattr(model, "__attrs_attrs__", ()):
        if getattr(answer, field.name) is UNSET:
            sys.exit(f"{what}: {model.__name__}.{field.name} was not sent")
    return answer


def signed(url: str) -> tuple[str, int, str]:
    """The file id, expiry and signature of a signed URL."""
    parsed = urlparse(url)
    query = parse_qs(parsed.query)
    file_id = next(part for part in parsed.path.split("/") if part.startswith("fil_"))
    return file_id, int(query["expires"][0]), query["sig"][0]


def render_workflow(base: str, key: str, clip: bytes) -> None:
    client = AuthenticatedClient(base_url=base, token=key, timeout=TIMEOUT)
    public = Client(base_url=base, timeout=TIMEOUT)
    me = typed(get_me.sync(client=client), Me, "GET /me")
    assert me.balance.total_xeconds > 0, me
    config = typed(pricing_config.sync(client=public), PricingConfigView, "GET /pricing/config")
    assert config.bands, config

    body = PresignRequest(filename="clip.mp4", content_type="video/mp4")
    slot = typed(presign_upload.sync(client=client, body=body), PresignResponse, "presign")
    file_id, expires, sig = signed(slot.upload_url)
    uploaded = upload_file.sync(
        file_id, client=public, body=File(payload=io.BytesIO(clip)), expires=expires, sig=sig
    )
    uploaded = typed(uploaded, UploadResponse, "PUT upload")
    assert uploaded.width > 0 and uploaded.duration_sec > 0, uploaded

    ask = EstimateVideoRequest(r2_key=slot.key, target_fps_options=[60, 120])
    estimate = typed(estimate_video.sync(client=client, body=ask), VideoEstimate, "estimate")
    assert len(estimate.estimates) == 2, estimate

    start = CreateJob(r2_key=slot.key, project_id=slot.project_id, target_fps=60)
    job = typed(create_job.sync(client=client, body=start), RenderJob, "POST /jobs")
    deadline = time.time() + 240
    while job.live_status not in (LiveStatus.DONE, LiveStatus.FAILED):
        if time.time() > deadline:
            sys.exit(f"render did not finish: {job}")
        time.sleep(1)
        job = typed(get_job.sync(job.job_id, client=client), RenderJob, "GET /jobs/{id}")
    assert job.live_status == LiveStatus.DONE, job
    assert isinstance(job.output_url, str) and isinstance(job.output_file_id, str), job

    jobs = typed(list_jobs.sync(client=client, limit=5), JobList, "GET /jobs")
    assert any(j.job_id == job.job_id for j in jobs.jobs), jobs
    projects = typed(list_projects.sync(client=client), ProjectList, "GET /projects")
    assert any(p.project_id == slot.project_id for p in projects.projects), projects
    project = typed(get_project.sync(slot.project_id, client=client), ProjectView, "project")
    assert project.outputs, project
    link = project_file_download_url.sync(slot.project_id, job.output_file_id, client=client)
    link = typed(link, DownloadLink, "download link")
    out_id, expires, sig = signed(link.url)
    video = download_file.sync(out_id, client=public, expires=expires, sig=sig)
    video = typed(video, File, "download")
    assert video.payload.read(12)[4:8] == b"ftyp", "the output is an MP4"

    share = typed(share_project.sync(slot.project_id, client=client), ShareLink, "share")
    shared = get_shared_project.sync(share.token, client=public)
    shared = typed(shared, SharedProject, "GET /share/{token}")
    assert shared.outputs, shared


def files_workflow(base: str, key: str, picture: bytes) -> None:
    client = AuthenticatedClient(base_url=base, token=key, timeout=TIMEOUT)
    public = Client(base_url=base, timeout=TIMEOUT)
    slot = typed(files_create_upload.sync(client=client), UploadSlot, "POST /uploads")
    file_id, expires, sig = signed(slot.upload_url)
    stored = files_store_upload.sync(
        file_id, client=public, body=File(payload=io.BytesIO(picture)), expires=expires, sig=sig
    )
    stored = typed(stored, Stored, "POST storage")

    body = CreateFileJob(
        prompt="make this black and white",
        files=[FileRef(storage_id=stored.storage_id, filename="photo.png")],
    )
    job = typed(files_create_job.sync(client=client, body=body, wait=True), JobObject, "job")
    deadline = time.time() + 120
    while job.status not in (FileJobStatus.SUCCEEDED, FileJobStatus.FAILED):
        if time.time() > deadline:
            sys.exit(f"job did not finish: {job}")
        time.sleep(0.5)
        job = typed(files_get_job.sync(job.id, client=client), JobObject, "GET job")
    assert job.status == FileJobStatus.SUCCEEDED, job
    assert job.kind == FileJobKind.COMMAND, job
    assert len(job.outputs) == 1 and isinstance(job.outputs[0].url, str), job

    chat = CreateFileJob(prompt="what formats can you read?")
    answer = typed(files_create_job.sync(client=client, body=chat), JobObject, "chat job")
    assert answer.kind == FileJobKind.CHAT and isinstance(answer.message, str), answer

    usage = typed(files_usage.sync(client=client), UsageView, "GET /usage")
    assert usage.jobs_submitted >= 2, usage
    caps = typed(files_capabilities.sync(client=client), Capabilities, "capabilities")
    assert caps.operations, caps


def main() -> None:
    base, key, clip, picture = sys.argv[1:5]
    with open(clip, "rb") as f:
        clip_bytes = f.read()
    with open(picture, "rb") as f:
        picture_bytes = f.read()
    render_workflow(base, key, clip_bytes)
    files_workflow(base, key, picture_bytes)
    print("both workflows ran typed")


if __name__ == "__main__":
    main()
