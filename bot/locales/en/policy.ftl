cmd-policy = Policy desk: insurance, injury cover, heat allowance, traffic rules
policy-topics = 📋 <b>Policy desk</b>
    Tap a question to see the answer, or just type yours, e.g. "heat allowance".
policy-several = You may be asking one of these; tap one for the answer:
policy-none = No ready answer found. Try other words, or:
    · call 12333 (human resources hotline) or 12351 (trade union workers' hotline)
    · ask in person at any courier station's policy desk; /nearest finds the closest
policy-answer = <b>{ $question }</b>

    { $answer }

    📎 Source: { $source } ({ $date })
    For guidance only: the authority concerned has the final word.
