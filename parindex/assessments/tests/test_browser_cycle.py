"""The whole cycle in a real browser, as real users, against the live server.

staff fills in and uploads evidence → head submits → appraiser adjusts one criterion and
returns another → head explains → appraiser accepts → council finalises → admin publishes →
the public page shows the ranking.

Needs Debian's ``chromium`` and ``chromium-driver``. Without them the test is skipped with a
message; with ``CI=true`` a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.support.expected_conditions import staleness_of

from parindex.testing import PASSWORD, PDF_BYTES, appraise_all, build_province, fill_and_submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WAIT = 30  # seconds; generous because CI shares 2 cores between the server and Chromium


def _find_browser() -> tuple[str | None, str | None]:
    binary = next(
        (shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)), None
    )
    return binary, shutil.which("chromedriver")


@pytest.fixture
def browser() -> Iterator[Any]:
    binary, driver_path = _find_browser()
    if binary is None or driver_path is None:
        message = (
            "Browser tests need chromium and chromedriver "
            "(apt-get install chromium chromium-driver)."
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " CI=true: a missing browser is a failure.")
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = binary
    profile = tempfile.mkdtemp(prefix="parindex-chromium-")
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--lang=vi",
        "--window-size=1200,1400",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "vi"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.implicitly_wait(0)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


class User:
    """Drives the browser as one persona."""

    def __init__(self, driver: Any, base: str):
        self.driver = driver
        self.base = base

    def by(self) -> Any:
        from selenium.webdriver.common.by import By

        return By

    def wait(self, condition: Any) -> Any:
        from selenium.webdriver.support.ui import WebDriverWait

        return WebDriverWait(self.driver, WAIT, poll_frequency=0.05).until(condition)

    def open(self, path: str) -> None:
        self.driver.get(self.base + path)

    def css(self, selector: str) -> Any:
        return self.driver.find_element(self.by().CSS_SELECTOR, selector)

    def login(self, username: str) -> None:
        self.driver.delete_all_cookies()
        self.open("/login/")
        self.css("#id_username").send_keys(username)
        self.css("#id_password").send_keys(PASSWORD)
        self.css("button[type=submit]").click()
        self.wait(lambda d: "/login/" not in d.current_url)

    def click(self, selector: str) -> None:
        from selenium.common.exceptions import ElementClickInterceptedException

        element = self.css(selector)
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
        try:
            element.click()
        except ElementClickInterceptedException:
            # The sticky running total can cover a button for a moment while the page scrolls.
            self.driver.execute_script("arguments[0].click();", element)

    def text_of(self, selector: str) -> str:
        return str(self.css(selector).text)

    def wait_text(self, selector: str, expected: str) -> None:
        from selenium.common.exceptions import TimeoutException

        def found(driver: Any) -> bool:
            try:
                return expected in driver.find_element(self.by().CSS_SELECTOR, selector).text
            except Exception:
                return False

        try:
            self.wait(found)
        except TimeoutException:
            # Say what the page showed instead, so a failure in CI can be understood.
            body = self.driver.find_element(self.by().TAG_NAME, "body").text
            raise AssertionError(
                f"{expected!r} not in {selector!r} at {self.driver.current_url}; "
                f"page:\n{body[:2000]}"
            ) from None

    def autosave(self, entry: int, name: str, value: str, expected_points: str) -> None:
        from selenium.webdriver.common.keys import Keys

        field = self.css(f"#entry-{entry} [name={name}]")
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", field)
        field.clear()
        field.send_keys(value, Keys.TAB)
        self.wait_text(f"#self-{entry}", expected_points)

    def choose(self, selector: str, value: str) -> None:
        from selenium.webdriver.support.ui import Select

        Select(self.css(selector)).select_by_value(value)

    def page(self) -> str:
        return str(self.driver.page_source)


def test_it_walks_the_whole_cycle_in_the_browser(
    browser: Any, live_server: Any, settings: Any, tmp_path: Path
) -> None:
    """Every role does its part through the pages; the public page shows the ranking."""
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    par = build_province(password=PASSWORD)
    # Sở B goes through the cycle in the background, so the council can finalise the round.
    fill_and_submit(par, "b")
    appraise_all(par, "b", survey_points="1")
    a = par.assessment_a.pk
    entry = {code: par.entry(code).pk for code in ("dm_plan", "dm_completion", "dm_reports")}
    entry.update({code: par.entry(code).pk for code in ("ir_review", "ir_quality")})
    user = User(browser, live_server.url)
    By = user.by()

    # 1. Staff fills in and uploads evidence (htmx autosaves each criterion).
    user.login("unit_staff")
    user.open(f"/assessments/units/{a}/self/")
    user.click(f"label[for=met-{entry['dm_plan']}-y]")
    user.wait_text(f"#self-{entry['dm_plan']}", "2")
    user.autosave(entry["dm_completion"], "numerator", "18", "")
    user.autosave(entry["dm_completion"], "denominator", "20", "1,8")
    user.autosave(entry["dm_reports"], "count", "4", "2")
    user.click(f"label[for=met-{entry['ir_review']}-y]")
    user.wait_text(f"#self-{entry['ir_review']}", "2")
    user.autosave(entry["ir_quality"], "entered_points", "1,5", "1,5")
    user.wait_text("#points-earned", "9,3")
    evidence = tmp_path / "ke-hoach-cchc.pdf"
    evidence.write_bytes(PDF_BYTES)
    user.css(f"#entry-{entry['dm_plan']} input[type=file]").send_keys(str(evidence))
    user.click(f"#entry-{entry['dm_plan']} .upload-form button")
    user.wait_text(f"#entry-{entry['dm_plan']} .files", "ke-hoach-cchc.pdf")
    for code in ("dm_completion", "ir_review"):
        user.click(f"#entry-{entry[code]} .files select + button")
        user.wait_text(f"#entry-{entry[code]} .files", "ke-hoach-cchc.pdf")

    # 2. The head submits.
    user.login("unit_head")
    user.open(f"/assessments/units/{a}/self/")
    user.click("#submit-self-assessment")
    user.wait_text("#state", "Đã nộp")

    # 3. The appraiser adjusts one criterion and returns another, accepts the rest.
    user.login("appraiser")
    user.open(f"/assessments/units/{a}/appraisal/")
    form = f"#entry-{entry['dm_plan']} .appraise-form"
    user.choose(f"{form} [name=decision]", "adjust")
    user.css(f"{form} [name=points]").send_keys("1")
    user.choose(f"{form} [name=reason_code]", "THIEU_TLKC")
    user.css(f"{form} [name=comment]").send_keys("Kế hoạch ban hành trễ hạn.")
    user.click(f"{form} button")
    user.wait_text(f"#entry-{entry['dm_plan']} .decision", "THIEU_TLKC")
    form = f"#entry-{entry['ir_review']} .appraise-form"
    user.choose(f"{form} [name=decision]", "return")
    user.css(f"{form} [name=comment]").send_keys("Đề nghị bổ sung báo cáo rà soát.")
    user.click(f"{form} button")
    user.wait_text(f"#entry-{entry['ir_review']} .decision", "Trả lại")
    accept_all = user.css("form[action$='/appraisal/accept/'] button")
    user.click("form[action$='/appraisal/accept/'] button")
    # The page is already /appraisal/: wait for the reload after the POST, not for the URL,
    # or the next login could navigate away before the acceptance is saved.
    user.wait(staleness_of(accept_all))

    # 4. The head explains the returned criterion.
    user.login("unit_head")
    user.open(f"/assessments/units/{a}/explanation/")
    assert "dm_plan" not in user.text_of("main")  # only the returned criterion is shown
    user.css(f"#resp-{entry['ir_review']}").send_keys("Báo cáo rà soát số 12/BC-SA đính kèm.")
    user.click(f"#entry-{entry['ir_review']} button[type=submit]")
    user.wait_text(f"#entry-{entry['ir_review']}", "Báo cáo rà soát số 12/BC-SA")

    # 5. The appraiser accepts the explained criterion.
    user.login("appraiser")
    user.open(f"/assessments/units/{a}/appraisal/")
    form = f"#entry-{entry['ir_review']} .appraise-form"
    user.choose(f"{form} [name=decision]", "accept")
    user.click(f"{form} button")
    user.wait_text(f"#entry-{entry['ir_review']} .decision", "Chấp nhận")

    # The PAR office imports the survey points of Sở A.
    user.login("province_admin")
    user.open(f"/assessments/rounds/{par.round.pk}/import/")
    survey = tmp_path / "khao-sat.csv"
    survey.write_text("unit_code,criterion_code,points\nlocal:SO-A,pi_survey,3\n", "utf-8")
    user.css("input[type=file]").send_keys(str(survey))
    user.click("#import")
    user.wait(lambda d: d.current_url.rstrip("/").endswith(f"/rounds/{par.round.pk}"))

    # 6. The council finalises.
    user.login("council_member")
    user.open(f"/assessments/rounds/{par.round.pk}/council/")
    user.click("#finalise")
    user.wait_text("h1", "Đã chốt")

    # 7. The PAR office publishes.
    user.login("province_admin")
    user.open(f"/assessments/rounds/{par.round.pk}/council/")
    user.click("#publish")
    user.wait(lambda d: "/results/" in d.current_url)

    # 8. The public page, without logging in, shows the ranking.
    user.driver.delete_all_cookies()
    user.open("/public/")
    user.driver.find_element(By.PARTIAL_LINK_TEXT, par.round.name).click()
    user.wait_text("table.results", "Sở A")
    rows = [
        row.text for row in user.driver.find_elements(By.CSS_SELECTOR, "table.results tbody tr")
    ]
    assert rows[0].startswith("1 Sở A") and "80,71 %" in rows[0] and "Nhóm B" in rows[0], rows
    assert rows[1].startswith("2 Sở B"), rows
    assert "illustrative-banner" in user.page()
