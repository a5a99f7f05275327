# For documentation generator
from .base import Account  #noqa
from .async_base import AsyncAccount  #noqa