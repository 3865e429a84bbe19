using System;
using System.Text;

namespace NtkGen.Generators.Emitting
{
    /// <summary>
    /// Writes indented C# text. Generated kernels run to thousands of lines, so text is appended directly instead of
    /// building and normalizing syntax trees.
    /// </summary>
    internal sealed class IndentedTextWriter
    {
        private const string IndentUnit = "    ";
        private readonly StringBuilder _builder = new();
        private int _depth;

        /// <summary>Writes one line at the current indentation (an empty line stays empty).</summary>
        public IndentedTextWriter WriteLine(string line = "")
        {
            if (line.Length > 0)
            {
                for (int i = 0; i < _depth; i++) _builder.Append(IndentUnit);
                _builder.Append(line);
            }
            _builder.Append('\n');
            return this;
        }

        /// <summary>Writes <c>{</c>, indents until the returned scope is disposed, then writes <c>}</c> and <paramref name="suffix"/>.</summary>
        public Block WriteBlock(string? header = null, string suffix = "")
        {
            if (header is not null) WriteLine(header);
            WriteLine("{");
            _depth++;
            return new Block(this, suffix);
        }

        public override string ToString() => _builder.ToString();

        /// <summary>Closes a block opened by <see cref="WriteBlock"/>.</summary>
        public readonly struct Block : IDisposable
        {
            private readonly IndentedTextWriter _writer;
            private readonly string _suffix;

            public Block(IndentedTextWriter writer, string suffix)
            {
                _writer = writer;
                _suffix = suffix;
            }

            public void Dispose()
            {
                _writer._depth--;
                _writer.WriteLine("}" + _suffix);
            }
        }
    }
}
