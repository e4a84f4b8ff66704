"""Sourcepoint: the message lives in a cross-origin iframe (#sp_message_iframe_...), its
buttons typed by class (sp_choice_type_11 accept all, _13 reject all, _12 options);
window._sp_ and __tcfapi."""

from __future__ import annotations

from pytest_privacy.consent.base import Adapter

ADAPTER = Adapter(
    name="sourcepoint",
    banner=(".message-container .message-component", "div[class*='message-container']"),
    accept=("button.sp_choice_type_11", "button.sp_choice_type_ACCEPT_ALL"),
    reject=("button.sp_choice_type_13", "button.sp_choice_type_REJECT_ALL"),
    settings=("button.sp_choice_type_12",),
    reject_second=("button.sp_choice_type_REJECT_ALL", "button.sp_choice_type_SAVE_AND_EXIT"),
    detect_js="!!(window._sp_ || window._sp_queue || "
              "document.querySelector('iframe[id^=\"sp_message_iframe\"]'))",
)
