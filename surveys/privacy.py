"""Survey answers given while logged in, in the account's data export. On deletion the
answers stay in the (anonymous) results without the link to the account."""


def export(user) -> list[dict]:
    return [
        {
            "survey": response.page.title,
            "submitted_at": response.submit_time.isoformat(),
            "answers": response.form_data,
        }
        for response in user.survey_responses.select_related("page").order_by("submit_time")
    ]


def erase(user) -> None:
    user.survey_responses.update(user=None)
