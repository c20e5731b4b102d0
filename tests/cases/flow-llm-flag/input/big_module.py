"""A large module: the scanner parses only the statements that matter."""
from jinja2 import Environment, BaseLoader
from openai import OpenAI

env = Environment(loader=BaseLoader)
client = OpenAI()


def helper_0(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 0
    return total


def helper_1(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 1
    return total


def helper_2(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 2
    return total


def helper_3(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 3
    return total


def helper_4(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 4
    return total


def helper_5(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 5
    return total


def helper_6(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 6
    return total


def helper_7(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 7
    return total


def helper_8(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 8
    return total


def helper_9(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 9
    return total


def helper_10(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 10
    return total


def helper_11(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 11
    return total


def helper_12(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 12
    return total


def helper_13(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 13
    return total


def helper_14(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 14
    return total


def helper_15(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 15
    return total


def helper_16(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 16
    return total


def helper_17(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 17
    return total


def helper_18(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 18
    return total


def helper_19(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 19
    return total


def helper_20(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 20
    return total


def helper_21(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 21
    return total


def helper_22(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 22
    return total


def helper_23(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 23
    return total


def helper_24(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 24
    return total


def helper_25(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 25
    return total


def helper_26(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 26
    return total


def helper_27(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 27
    return total


def helper_28(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 28
    return total


def helper_29(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 29
    return total


def helper_30(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 30
    return total


def helper_31(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 31
    return total


def helper_32(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 32
    return total


def helper_33(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 33
    return total


def helper_34(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 34
    return total


def helper_35(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 35
    return total


def helper_36(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 36
    return total


def helper_37(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 37
    return total


def helper_38(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 38
    return total


def helper_39(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 39
    return total


def helper_40(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 40
    return total


def helper_41(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 41
    return total


def helper_42(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 42
    return total


def helper_43(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 43
    return total


def helper_44(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 44
    return total


def helper_45(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 45
    return total


def helper_46(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 46
    return total


def helper_47(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 47
    return total


def helper_48(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 48
    return total


def helper_49(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 49
    return total


def helper_50(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 50
    return total


def helper_51(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 51
    return total


def helper_52(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 52
    return total


def helper_53(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 53
    return total


def helper_54(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 54
    return total


def helper_55(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 55
    return total


def helper_56(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 56
    return total


def helper_57(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 57
    return total


def helper_58(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 58
    return total


def helper_59(values):
    """Padding so that the file goes through the region prefilter."""
    total = 0
    for v in values:
        total += v * 59
    return total


def render(template, doc):
    return env.from_string(template).render(**doc)


def answer_and_run(question):
    reply = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": question}])
    snippet = reply.choices[0].message.content
    return eval(snippet)
