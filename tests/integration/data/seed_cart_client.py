"""The seed document's cart client, call for call, run against a live cart instance.

The three functions are the seed's own (requests.post / requests.delete with json=, requests.get, then
.json() on every answer); only the port comes from the command line so the test can use a free one.
Prints one JSON line per step for the test to check.
"""
import json
import sys

import requests

PORT = int(sys.argv[1])


def add_item_to_cart(item_id, quantity):
    url = f'http://localhost:{PORT}/cart'
    data = {'item_id': item_id, 'quantity': quantity}
    response = requests.post(url, json=data)
    return response.json()


def remove_item_from_cart(item_id):
    url = f'http://localhost:{PORT}/cart'
    data = {'item_id': item_id}
    response = requests.delete(url, json=data)
    return response.json()


def get_cart_items():
    url = f'http://localhost:{PORT}/cart'
    response = requests.get(url)
    return response.json()


steps = [
    ('add', add_item_to_cart('sku-1007', 2)),
    ('add', add_item_to_cart('sku-1007', 1)),
    ('add', add_item_to_cart('sku-1010', 4)),
    ('list', get_cart_items()),
    ('remove', remove_item_from_cart('sku-1007')),
    ('list', get_cart_items()),
    ('remove_missing', remove_item_from_cart('sku-1007')),
    ('add_unknown', add_item_to_cart('not-in-catalog', 1)),
]
for name, result in steps:
    print(json.dumps({'step': name, 'result': result}))
