
content-length: 107
Content-Type: application/vscode-jsonrpc; charset=utf-8

{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}Content-Length: 183

{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///fuzz/h.py","languageId":"python","version":1,"text":"import numpy as np\nx = np.ones(n)\n"}}}Content-Type: text/plain

Content-Length: 12x

Content-Length:	 144 	

{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///fuzz/h.py"},"position":{"line":1,"character":5}}}Content-Length: 5

{"a":Content-Length: 67108865

{}