Content-Length: 149

{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{"general":{"positionEncodings":["utf-16"]}}}}Content-Length: 52

{"jsonrpc":"2.0","method":"initialized","params":{}}Content-Length: 1676

{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///fuzz/chains.py","languageId":"python","version":1,"text":"# MEM101 dead-intermediate: large values still bound after their last use.\nimport pickle\n\nimport pandas as pd\n\n\ndef seed(path):\n    with open(path, \"rb\") as file:\n        data1 = pickle.load(file)\n    data2 = some_processing1(data1)  # expect: MEM101[stays alive while `data3 = some_processing2(data2)`]\n    data3 = some_processing2(data2)\n    return data3\n\n\ndef four_steps(path):\n    frame = pd.read_csv(path)\n    cleaned = clean(frame)  # expect: MEM101\n    features = featurize(cleaned)  # expect: MEM101\n    scaled = scale(features)  # expect: MEM101\n    return train(scaled)\n\n\ndef last_use_in_both_branches(path, flag):\n    raw = pd.read_parquet(path)\n    if flag:\n        summary = summarize(raw)\n    else:\n        summary = describe(raw)  # expect: MEM101\n    model = fit(pd.read_json(path))\n    return summary, model\n\n\ndef last_use_in_a_loop_header(path):\n    rows = pd.read_csv(path)\n    total = 0\n    for row in rows.itertuples():  # expect: MEM101\n        total += row.value\n    table = build_table(pd.read_json(path))\n    return total, table\n\n\ndef same_line_statements(path):\n    raw = pd.read_csv(path)\n    small = reduce(raw); other = 1  # expect: MEM101\n    out = expand(pd.read_csv(path))\n    return small, other, out\n\n\ndef inspects_an_object(path):\n    raw = pd.read_csv(path)\n    names = dir(raw)  # expect: MEM101\n    listing = build_table(pd.read_json(path))  # dir(raw) looks at raw, not at the local names\n    return names, listing, vars(listing)\n"}}}Content-Length: 222

{"jsonrpc":"2.0","id":2,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///fuzz/chains.py"},"range":{"start":{"line":0,"character":0},"end":{"line":53,"character":0}},"context":{"diagnostics":[]}}}Content-Length: 150

{"jsonrpc":"2.0","id":3,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///fuzz/chains.py"},"position":{"line":27,"character":4}}}Content-Length: 265

{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///fuzz/chains.py","version":2},"contentChanges":[{"range":{"start":{"line":27,"character":0},"end":{"line":27,"character":0}},"text":"import numpy as np\nz = np.ones(n)\n"}]}}Content-Length: 243

{"jsonrpc":"2.0","id":4,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///fuzz/chains.py"},"range":{"start":{"line":27,"character":0},"end":{"line":29,"character":0}},"context":{"diagnostics":[],"only":["quickfix"]}}}Content-Length: 1677

{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///fuzz/chains.py","version":3},"contentChanges":[{"text":"# MEM101 dead-intermediate: large values still bound after their last use.\nimport pickle\n\nimport pandas as pd\n\n\ndef seed(path):\n    with open(path, \"rb\") as file:\n        data1 = pickle.load(file)\n    data2 = some_processing1(data1)  # expect: MEM101[stays alive while `data3 = some_processing2(data2)`]\n    data3 = some_processing2(data2)\n    return data3\n\n\ndef four_steps(path):\n    frame = pd.read_csv(path)\n    cleaned = clean(frame)  # expect: MEM101\n    features = featurize(cleaned)  # expect: MEM101\n    scaled = scale(features)  # expect: MEM101\n    return train(scaled)\n\n\ndef last_use_in_both_branches(path, flag):\n    raw = pd.read_parquet(path)\n    if flag:\n        summary = summarize(raw)\n    else:\n        summary = describe(raw)  # expect: MEM101\n    model = fit(pd.read_json(path))\n    return summary, model\n\n\ndef last_use_in_a_loop_header(path):\n    rows = pd.read_csv(path)\n    total = 0\n    for row in rows.itertuples():  # expect: MEM101\n        total += row.value\n    table = build_table(pd.read_json(path))\n    return total, table\n\n\ndef same_line_statements(path):\n    raw = pd.read_csv(path)\n    small = reduce(raw); other = 1  # expect: MEM101\n    out = expand(pd.read_csv(path))\n    return small, other, out\n\n\ndef inspects_an_object(path):\n    raw = pd.read_csv(path)\n    names = dir(raw)  # expect: MEM101\n    listing = build_table(pd.read_json(path))  # dir(raw) looks at raw, not at the local names\n    return names, listing, vars(listing)\n"}]}}Content-Length: 108

{"jsonrpc":"2.0","method":"textDocument/didSave","params":{"textDocument":{"uri":"file:///fuzz/chains.py"}}}Content-Length: 150

{"jsonrpc":"2.0","id":5,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///fuzz/chains.py"},"position":{"line":53,"character":0}}}Content-Length: 109

{"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"file:///fuzz/chains.py"}}}Content-Length: 44

{"jsonrpc":"2.0","id":6,"method":"shutdown"}Content-Length: 33

{"jsonrpc":"2.0","method":"exit"}